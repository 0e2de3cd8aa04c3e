/** Public surface of family links: comparison keys, candidate matches and what consent lets the team say. */
export { foldText, foldedReadings } from './fold-text.js';
export { nameKeys, splitSurname, variantKey, type NameKeys, type SurnameParts } from './name-keys.js';
export { makeComparisonKeys, normalisePhone, parseDob, birthYears, phoneInText, type ComparisonKeys, type PersonValues, type PersonSide } from './comparison-keys.js';
export { peopleOfSheet, referenceYear, KEY_VERSION, type FamilyLinkPerson, type PersonRole } from './family-link-people.js';
export { updateComparisonKeys } from './update-keys.js';
export { comparePeople, compareWords, compareDob, type Comparison, type FieldEvidence, type ComparedField, type NameFrequencies } from './compare-people.js';
export { findCandidates, topCandidates, blockingKeys, nameFrequencies, pairKind, MAX_BLOCK_SIZE, type Candidate, type PairKind, type CandidateOptions } from './find-candidates.js';
export { LIKELY_PROBABILITY, CANDIDATE_PROBABILITY } from './match-weights.js';
export { disclosureFor, isMinor, type Disclosure, type Whereabouts } from './disclose.js';
export { pairId, parsePairId, standingDecisions, type PairRef } from './match-decisions.js';
export { planFamilyLinkList, type FamilyLinkList, type ConfirmedMatch, type AwaitingPair, type SheetRef } from './plan-list.js';
export { buildFamilyLinkList, tellLines, RESTRICTED_BANNER, type FamilyLinkListOptions, type FamilyLinkListResult } from './build-list.js';
export { recordMatchDecision, type RecordedDecision } from './record-decision.js';
export { planPfif, pfifDate, recordId, PFIF_NAMESPACE, PAPERLINK_PFIF_NAMESPACE, type PfifPerson, type PfifNote } from './plan-pfif.js';
export { renderPfifXml, renderPfifCsv, PFIF_PERSON_FIELDS, PFIF_NOTE_FIELDS, PAPERLINK_FIELDS } from './render-pfif.js';
export { exportPfif, parsePfifFormat, type PfifFormat, type PfifExportOptions, type PfifExportResult } from './export-pfif.js';
export { openMatchQueue, type MatchQueue, type MatchPairView, type MatchRecord, type MatchEvidence, type MatchQueueCount } from './match-queue.js';
