/**
 * What every API handler of the review server works on: the workspace, its forms and the injected page identifier.
 * One object, made once per server, so handlers take the same arguments and routing stays a plain table.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Workspace } from '../store/index.js';
import type { FormLookup } from './review-queue.js';
import type { IdentifyPage } from './apply-decision.js';

export type MatchDecision = 'confirm' | 'reject' | 'unsure';

/**
 * The restricted family-link match queue, handed in by the CLI (family-links/match-queue.ts implements it; review
 * never imports a feature). Review only passes `item` on to the matches page and the decision back: it never reads
 * or keeps the people's values itself.
 */
export interface MatchQueueProvider {
  count(): { readonly waiting: number; readonly unsure: number };
  next(options: { readonly skip: readonly string[]; readonly includeUnsure: boolean }): { readonly item: object | null; readonly waiting: number; readonly unsure: number };
  decide(pair: string, decision: MatchDecision, reviewer: string): { readonly pair: string; readonly decision: string; readonly reviewer: string; readonly decidedAt: string };
}

/**
 * The radio desk: a SITREP as the operator wrote it down, taken into the workspace (radio/receive-sitrep.ts, handed in
 * by the CLI). receive throws the refusal (which check failed, which words to ask again for) as a PaperlinkError.
 */
export interface RadioDesk {
  receive(message: { readonly text: string; readonly check: number; readonly station?: string; readonly messageNo?: string }): { readonly duplicate: boolean; readonly figures: { readonly site: string; readonly date: string; readonly time: string } };
  list(): readonly { readonly site: string; readonly sentDate: string; readonly sentTime: string; readonly text: string; readonly station: string | null; readonly receivedAt: string; readonly receptions: number }[];
}

export interface ReviewContext {
  readonly workspace: Workspace;
  readonly forms: FormLookup;
  readonly identifyPage: IdentifyPage;
  /** Absent when the server was started without family links (tests of the other queues). */
  readonly matches?: MatchQueueProvider;
  /** Absent when the server was started without the radio desk. */
  readonly radio?: RadioDesk;
}

/** One API route: query holds the URL's search parameters; POST handlers read their JSON body themselves. */
export type ApiHandler = (context: ReviewContext, request: IncomingMessage, response: ServerResponse, query: Record<string, string>) => Promise<void> | void;
