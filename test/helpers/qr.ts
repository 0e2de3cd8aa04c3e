/** Test-side QR decoding with zxing-wasm, given its .wasm from the package (never fetched). */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

const require = createRequire(import.meta.url);
let prepared: Promise<unknown> | undefined;

export async function decodeQrTexts(imageFileBytes: Uint8Array): Promise<{ text: string; position: { topLeft: { x: number; y: number } } }[]> {
  prepared ??= Promise.resolve(prepareZXingModule({
    overrides: { wasmBinary: readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm')).buffer as ArrayBuffer },
    fireImmediately: true,
  }));
  await prepared;
  const results = await readBarcodes(imageFileBytes, { formats: ['QRCode'], tryHarder: true, textMode: 'Plain' });
  return results.map((result) => ({ text: result.text, position: result.position }));
}
