/**
 * Freezes the geometry of every shipped form version (house rule 3): moving a box without a new version fails here.
 * A new form or version adds its golden file on the first local run (never under CI=true).
 */
import { describe, expect, it } from 'vitest';
import { documentedLayout, layoutForm } from '../../src/model/index.js';
import { loadShippedForm, shippedFormFiles } from '../helpers/forms.js';

describe('golden layouts', () => {
  for (const { id, version } of shippedFormFiles()) {
    it(`keeps the printed geometry of ${id} v${version}`, async () => {
      const layout = layoutForm(loadShippedForm(id, version));
      await expect(`${JSON.stringify(documentedLayout(layout), null, 1)}\n`).toMatchFileSnapshot(`../golden/layouts/${id}-v${version}.json`);
    });
  }
});
