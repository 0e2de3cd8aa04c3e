/**
 * API routes of the radio desk: POST /api/radio takes a SITREP as written down (text, check, station, number) and
 * answers with what was taken, or the refusal (which check failed, which words to ask again for) as an error the page
 * shows; GET /api/radio lists what was received. The desk itself is injected (ReviewContext.radio).
 */
import { PaperlinkError } from '../model/index.js';
import { readJson, reviewerName, sendJson, text } from './http-io.js';
import type { ApiHandler, RadioDesk, ReviewContext } from './review-context.js';

function deskOf(context: ReviewContext): RadioDesk {
  if (!context.radio) {
    throw new PaperlinkError('input-not-found', 'The radio desk is not available in this review session.', 'Start the review page with `paperlink review`.');
  }
  return context.radio;
}

export const handleRadioList: ApiHandler = (context, _request, response) => {
  sendJson(response, 200, { available: context.radio !== undefined, received: context.radio ? context.radio.list() : [] });
};

export const handleRadioReceive: ApiHandler = async (context, request, response) => {
  const desk = deskOf(context);
  const body = await readJson(request);
  reviewerName(body['reviewer']);
  const message = text(body['text']);
  const check = Number(body['check']);
  if (!message) throw new PaperlinkError('argument-invalid', 'No message text was entered.', 'Type the message as written down, word for word.');
  if (!Number.isInteger(check) || check < 1 || check > 99) throw new PaperlinkError('argument-invalid', 'The check (word count from the preamble) is missing.', 'Type the check from the preamble, e.g. 22.');
  const station = text(body['station']);
  const messageNo = text(body['number']);
  const taken = desk.receive({ text: message, check, ...(station ? { station } : {}), ...(messageNo ? { messageNo } : {}) });
  sendJson(response, 200, { taken, received: desk.list() });
};
