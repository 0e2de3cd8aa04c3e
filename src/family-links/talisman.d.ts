/** talisman ships no types; only the Jaro–Winkler similarity is used (0..1, 1 = same string). */
declare module 'talisman/metrics/jaro-winkler.js' {
  const jaroWinkler: (a: string, b: string) => number;
  export default jaroWinkler;
}
