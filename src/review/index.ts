/** Public surface of review: the risk-ordered queue, decisions with undo and leases, and the local review web server. */
export { startReviewServer, type ReviewServer, type ReviewServerOptions } from './review-server.js';
export {
  LEASE_MINUTES, REVIEW_TIERS, filterQueue, orderQueue, loadQueue, makeFormLookup, serveNextItem, describeItem, tierOf,
  isFamilyLinkRestricted, lifeSafetyTicked, fieldItemKey, inputItemKey,
  type QueueEntry, type QueueFilters, type QueueName, type ReviewItem, type ReviewTier, type ServedItem, type FormLookup,
} from './review-queue.js';
export {
  applyFieldDecision, dismissUnreadablePage, identifyUnreadablePage, undoLastDecision, validateValue,
  type DecisionResult, type FieldDecision, type IdentifyPage, type RefusalCode,
} from './apply-decision.js';
export type { MatchQueueProvider, MatchDecision, RadioDesk } from './review-context.js';
