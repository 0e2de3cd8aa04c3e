/**
 * What every API handler of the review server works on: the workspace, its forms and the injected page identifier.
 * One object, made once per server, so handlers take the same arguments and routing stays a plain table.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Workspace } from '../store/index.js';
import type { FormLookup } from './review-queue.js';
import type { IdentifyPage } from './apply-decision.js';

export interface ReviewContext {
  readonly workspace: Workspace;
  readonly forms: FormLookup;
  readonly identifyPage: IdentifyPage;
}

/** One API route: query holds the URL's search parameters; POST handlers read their JSON body themselves. */
export type ApiHandler = (context: ReviewContext, request: IncomingMessage, response: ServerResponse, query: Record<string, string>) => Promise<void> | void;
