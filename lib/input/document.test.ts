import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkDocument } from './document.ts';

const pdf = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n');
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
const b64 = (b: Buffer) => b.toString('base64');

describe('checkDocument', () => {
  it('accepts a PDF or a JPEG by its first bytes and names it by its SHA-256', () => {
    const r = checkDocument('document', { contentBase64: b64(pdf), contentType: 'application/pdf' }, { maxBytes: 100 });
    expect(r).toMatchObject({ ok: true, value: { contentType: 'application/pdf', size: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex') } });
    expect(checkDocument('document', { contentBase64: b64(jpeg), contentType: 'image/jpeg' }, { maxBytes: 100 }).ok).toBe(true);
  });

  it.each([
    ['too large', { contentBase64: b64(Buffer.concat([pdf, Buffer.alloc(100)])), contentType: 'application/pdf' }, 'TOO_LARGE'],
    ['an executable declared as a PDF', { contentBase64: b64(Buffer.from('MZ\x90\x00\x03')), contentType: 'application/pdf' }, 'UNSUPPORTED_TYPE'],
    ['a JPEG declared as a PDF', { contentBase64: b64(jpeg), contentType: 'application/pdf' }, 'TYPE_MISMATCH'],
    ['an HTML type', { contentBase64: b64(pdf), contentType: 'text/html' }, 'UNSUPPORTED_TYPE'],
    ['not base64', { contentBase64: '%%%%', contentType: 'application/pdf' }, 'NOT_BASE64'],
    ['empty', { contentBase64: '', contentType: 'application/pdf' }, 'EMPTY'],
  ])('refuses %s', (_name, input, code) => {
    const r = checkDocument('document', input, { maxBytes: 100 });
    expect(r).toMatchObject({ ok: false, problem: { code } });
  });
});
