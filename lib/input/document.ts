/**
 * A document a citizen attaches (an answer to a request for information): decoded from base64,
 * bounded in size, and recognised by its first bytes — a PDF, a PNG or a JPEG — whatever type the
 * client declared, so an executable or an HTML page renamed `.pdf` is refused, and a declared type
 * that differs from the content is refused too (the client is confused or lying). Content-addressed:
 * its SHA-256 is its name.
 *
 *   checkDocument('document', { contentBase64, contentType }, { maxBytes })
 *     → { ok: true, value: { bytes, sha256, contentType, size } } | a problem (TOO_LARGE, UNSUPPORTED_TYPE …)
 */
import { createHash } from 'node:crypto';
import { DOCUMENT_CONTENT_TYPES, sniffDocumentType, type DocumentContentType } from './document-types.ts';
import { accept, refuse, type Checked } from './problems.ts';

export { DOCUMENT_CONTENT_TYPES, sniffDocumentType, type DocumentContentType };

export interface CheckedDocument {
  bytes: Buffer;
  sha256: string;
  contentType: DocumentContentType;
  size: number;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function checkDocument(field: string, input: { contentBase64: unknown; contentType: unknown }, rule: { maxBytes: number }): Checked<CheckedDocument> {
  const { contentBase64, contentType } = input;
  if (typeof contentBase64 !== 'string') return refuse(`${field}.contentBase64`, 'NOT_A_STRING', 'contentBase64 must be a base64 string');
  // Bounded before decoding: 4 characters carry 3 bytes.
  if (Math.floor((contentBase64.length * 3) / 4) - 2 > rule.maxBytes) return refuse(`${field}.contentBase64`, 'TOO_LARGE', `a document holds at most ${rule.maxBytes} bytes`);
  if (contentBase64.length === 0) return refuse(`${field}.contentBase64`, 'EMPTY', 'the document is empty');
  if (contentBase64.length % 4 !== 0 || !BASE64.test(contentBase64)) return refuse(`${field}.contentBase64`, 'NOT_BASE64', 'contentBase64 is not base64 (RFC 4648, with padding)');
  const bytes = Buffer.from(contentBase64, 'base64');
  if (bytes.length > rule.maxBytes) return refuse(`${field}.contentBase64`, 'TOO_LARGE', `a document holds at most ${rule.maxBytes} bytes`);
  if (typeof contentType !== 'string' || !(DOCUMENT_CONTENT_TYPES as readonly string[]).includes(contentType)) {
    return refuse(`${field}.contentType`, 'UNSUPPORTED_TYPE', `contentType must be one of ${DOCUMENT_CONTENT_TYPES.join(', ')}`);
  }
  const actual = sniffDocumentType(bytes);
  if (actual === null) return refuse(`${field}.contentBase64`, 'UNSUPPORTED_TYPE', `the content is not a ${DOCUMENT_CONTENT_TYPES.join(', ')} file`);
  if (actual !== contentType) return refuse(`${field}.contentType`, 'TYPE_MISMATCH', `the content is ${actual}, not the declared ${contentType}`);
  return accept({ bytes, sha256: createHash('sha256').update(bytes).digest('hex'), contentType: actual, size: bytes.length });
}
