import { describe, expect, it } from 'vitest';
import { acceptBySiteAgreement, type RecurringFieldState } from '../../src/model/index.js';

const sure = (sheetId: number, value: string, fieldId = 'site_code'): RecurringFieldState =>
  ({ sheetId, fieldId, status: 'auto', value, reasons: [], agreementCandidate: false });
const unsure = (sheetId: number, guess: string, extra: Partial<RecurringFieldState> = {}): RecurringFieldState =>
  ({ sheetId, fieldId: 'site_code', status: 'needs-review', value: null, guess, reasons: ['digits-unsure'], agreementCandidate: true, ...extra });

describe('acceptBySiteAgreement', () => {
  it('accepts an unsure reading that equals the value two other sheets of the site carry as settled', () => {
    expect(acceptBySiteAgreement([sure(1, '7359'), sure(2, '7359'), unsure(3, '7359')]))
      .toEqual([{ sheetId: 3, fieldId: 'site_code', value: '7359', agreeingSheets: 2 }]);
  });

  it('counts a value a person confirmed as settled, and never the sheet itself', () => {
    const reviewed: RecurringFieldState = { ...sure(2, '7359'), status: 'reviewed' };
    expect(acceptBySiteAgreement([sure(1, '7359'), reviewed, unsure(3, '7359')])).toHaveLength(1);
    expect(acceptBySiteAgreement([sure(1, '7359'), unsure(3, '7359')])).toEqual([]);
  });

  it('leaves a misread that differs from every settled value with a person', () => {
    expect(acceptBySiteAgreement([sure(1, '7359'), sure(2, '7359'), unsure(3, '7259')])).toEqual([]);
  });

  it('takes no evidence from another field, an unsure reading, or a field waiting for another reason', () => {
    const fields = [sure(1, '7359', 'volunteer_no'), sure(2, '7359', 'volunteer_no'), unsure(4, '7359'), unsure(5, '7359')];
    expect(acceptBySiteAgreement(fields)).toEqual([]);
    const settled = [sure(1, '7359'), sure(2, '7359')];
    expect(acceptBySiteAgreement([...settled, unsure(3, '7359', { reasons: ['digits-unsure', 'check-failed'] })])).toEqual([]);
    expect(acceptBySiteAgreement([...settled, unsure(3, '7359', { agreementCandidate: false })])).toEqual([]);
    expect(acceptBySiteAgreement([...settled, unsure(3, '735 ')])).toEqual([]);
  });
});
