/** Input rules for everything a caller types or chooses: free text, identifiers, amounts. */
export * from './problems.ts';
export * from './text.ts';
export * from './identifier.ts';
export * from './amount.ts';
export * from './iban.ts';
export * from './document-types.ts';
