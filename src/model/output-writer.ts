/**
 * How a feature writes a restricted output file (follow-up list, family-links list, PFIF export): by default as is;
 * the CLI may hand in a writer that seals the content for its recipients instead (seal/), so the plain content never
 * touches the disk. Returns the path actually written. A type only: the writing itself is the caller's side effect.
 */
export type OutputWriter = (file: string, content: string | Uint8Array) => string;
