/**
 * The document types a citizen may attach, and how each is recognised from its first bytes.
 * Pure (no Node APIs): the case workflow's Update validator checks references against the same
 * list that lib/input/document.ts checks uploads against.
 */
export const DOCUMENT_CONTENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type DocumentContentType = (typeof DOCUMENT_CONTENT_TYPES)[number];

const SIGNATURES: [DocumentContentType, number[]][] = [
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
];

/** The type the bytes are, by their signature; null for anything else. */
export function sniffDocumentType(bytes: Uint8Array): DocumentContentType | null {
  for (const [type, signature] of SIGNATURES) {
    if (bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b)) return type;
  }
  return null;
}

/** At most this many bytes per document, and this many documents per answer. */
export const DOCUMENT_MAX_BYTES = 5 * 1024 * 1024;
export const MAX_DOCUMENTS_PER_ANSWER = 5;
