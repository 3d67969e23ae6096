/**
 * The dependency direction of the folders, checked by reading every import: `lib/` is the floor,
 * workflow code stays deterministic, the API never reaches into the activities, and a script is a
 * command over the product, never over the tests. A newcomer can trust the folder names because
 * this test fails the moment one of them stops telling the truth.
 */
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../lib/config.ts';
import { importsOf, sourceFiles, violations } from './support/imports.ts';

describe('folder boundaries', () => {
  const files = sourceFiles(PROJECT_ROOT);

  it('reads the whole tree', () => {
    // A scan that silently found nothing would pass every rule below.
    expect(files.filter((f) => f.startsWith('lib/')).length).toBeGreaterThan(20);
    expect(files.filter((f) => f.startsWith('workflows/')).length).toBeGreaterThan(5);
    expect(files.filter((f) => f.startsWith('api/')).length).toBeGreaterThan(20);
    expect(importsOf(PROJECT_ROOT, 'worker.ts').some((i) => i.target === 'activities/index.ts')).toBe(true);
  });

  it('holds: lib imports only lib and generated code; workflows only sandbox-safe code; api never activities; scripts never tests', () => {
    expect(violations(PROJECT_ROOT, files)).toEqual([]);
  });
});
