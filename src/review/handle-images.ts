/**
 * API routes for pictures: a field's crop, a capture's registered page, an unreadable input's stored image.
 * Read-only; images may be cached privately by the browser for an hour (they never change once stored).
 */
import type { ServerResponse } from 'node:http';
import { getCapturePageImage, getCrop, getInputImage } from '../store/index.js';
import { send, sendJson } from './http-io.js';
import type { ApiHandler } from './review-context.js';

function sendImage(response: ServerResponse, type: string, image: Buffer | undefined, missing: string): void {
  if (image) send(response, 200, type, image, { 'cache-control': 'private, max-age=3600' });
  else sendJson(response, 404, { error: missing });
}

export const handleCrop: ApiHandler = (context, _request, response, query) => {
  sendImage(response, 'image/png', getCrop(context.workspace, Number(query['c']), String(query['f'] ?? '')), 'No crop for this field.');
};

export const handlePageImage: ApiHandler = (context, _request, response, query) => {
  sendImage(response, 'image/jpeg', getCapturePageImage(context.workspace, Number(query['c'])), 'No page image for this capture.');
};

export const handleInputImage: ApiHandler = (context, _request, response, query) => {
  sendImage(response, 'image/jpeg', getInputImage(context.workspace, Number(query['i'])), 'No image stored for this page.');
};
