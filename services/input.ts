/**
 * The applicant's input schema lives in the definition as JSON (a list of fields); this turns
 * it into a zod validator at run time, so definitions stay data and still validate strictly.
 */
import { z } from 'zod';
import { parseIin } from '../lib/iin.ts';
import { isIsoDate } from '../lib/dates.ts';
import type { InputField } from './definition.ts';

function fieldSchema(field: InputField): z.ZodType {
  switch (field.type) {
    case 'string': {
      let s = z.string().trim().min(1, 'must not be empty');
      if (field.maxLength !== undefined) s = s.max(field.maxLength);
      return s;
    }
    case 'iin':
      return z.string().superRefine((value, ctx) => {
        const parsed = parseIin(value);
        if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `invalid IIN: ${parsed.message}`, params: { reason: `IIN_${parsed.reason}` } });
      });
    case 'date':
      return z.string().refine(isIsoDate, { message: 'expected a calendar date YYYY-MM-DD' });
    case 'number': {
      let n = z.number().finite();
      if (field.min !== undefined) n = n.min(field.min);
      if (field.max !== undefined) n = n.max(field.max);
      return n;
    }
    case 'boolean':
      if (!field.mustBeTrue) return z.boolean();
      // A declaration is confirmed or the application is incomplete; it is never a ground to deny.
      return z.boolean().superRefine((value, ctx) => {
        if (value !== true) ctx.addIssue({ code: 'custom', message: 'must be confirmed', params: { reason: 'NOT_CONFIRMED' } });
      });
    case 'enum': {
      const values = field.values ?? [];
      return z.string().refine((v) => values.includes(v), { message: `expected one of ${values.join(', ')}` });
    }
  }
}

/** A strict zod object for the application: unknown fields are rejected, not silently dropped. */
export function inputSchemaToZod(fields: readonly InputField[]): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const field of fields) {
    const schema = fieldSchema(field);
    shape[field.name] = field.required ? schema : schema.optional();
  }
  return z.strictObject(shape) as unknown as z.ZodType<Record<string, unknown>>;
}
