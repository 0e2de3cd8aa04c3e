/**
 * radioMessageFill: a composed SITREP as the radio-message form's values, only for fields the form has; a precedence
 * or number the form cannot hold is the user's error, said with what to give instead.
 */
import { describe, expect, it } from 'vitest';
import { PaperlinkError, type FormDefinition } from '../../src/model/index.js';
import { composeSitrep, radioMessageFill } from '../../src/radio/index.js';
import { loadShippedForm } from '../helpers/forms.js';

const TEXT = composeSitrep({ site: 'UTR02', date: '0412', time: '0930', households: 22, persons: 70, urgent: 2, needs: [{ code: 'warmth', households: 14 }], safe: 6, tracing: 3 });
const CHECK = TEXT.split(' ').length;
const REQUEST = { text: TEXT, check: CHECK, madeAt: '2026-12-04T09:30', number: 7, precedence: 'PRIORITY', station: 'pa3xyz' };

describe('radioMessageFill', () => {
  const form = loadShippedForm('radio-message');

  it('fills number, precedence, category, filed date and time, the words, the check and the station', () => {
    expect(radioMessageFill(form, REQUEST)).toEqual({
      msg_no: '   7', precedence: 'priority', category: 'sitrep', subject: 'SITREP UTR02', filed_date: '041226', filed_time: '0930', filed_tz: 'local',
      text: TEXT, check: String(CHECK), stn_origin: 'PA3XYZ',
    });
  });

  it('refuses a precedence or a number the form cannot hold', () => {
    expect(() => radioMessageFill(form, { ...REQUEST, precedence: 'URGENT' })).toThrow(PaperlinkError);
    expect(() => radioMessageFill(form, { ...REQUEST, precedence: 'URGENT' })).toThrow(/not a precedence/);
    expect(() => radioMessageFill(form, { ...REQUEST, number: 12345 })).toThrow(/does not fit the 4 boxes of "msg_no"/);
  });

  it('fills only the fields a form has', () => {
    const sections = form.sections.map((section) => ({ ...section, fields: section.fields.filter((field) => field.id !== 'category' && field.id !== 'subject') }));
    const smaller: FormDefinition = { ...form, sections };
    const values = radioMessageFill(smaller, REQUEST);
    expect(Object.keys(values)).not.toContain('category');
    expect(Object.keys(values)).not.toContain('subject');
    expect(values['text']).toBe(TEXT);
  });
});
