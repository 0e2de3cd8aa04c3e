/**
 * ENTRY: recomputes the comparison keys of every family-link person and stores them beside the typed values.
 * Reads and writes the workspace only through src/store; the typed values themselves are never written.
 */
import { listFamilyLinkSheets, replaceFamilyLinkKeys, type Workspace } from '../store/index.js';
import { KEY_VERSION, peopleOfSheet, type FamilyLinkPerson } from './family-link-people.js';

/** Reads the family-link sheets, derives their people and stores every key; returns the people. */
export function updateComparisonKeys(workspace: Workspace): FamilyLinkPerson[] {
  const people = listFamilyLinkSheets(workspace).flatMap(peopleOfSheet);
  replaceFamilyLinkKeys(workspace, people.map((person) => ({ sheetId: person.sheetId, side: person.side, keys: person.keys, keyVersion: KEY_VERSION })));
  return people;
}
