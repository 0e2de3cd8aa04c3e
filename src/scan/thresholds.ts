/**
 * Every tuned constant of recognition, with its unit and the reason for its value (as SDAPS' defs.py).
 * Tuned on simulator output and training/validation data by `npm run bench`, never on a test split.
 */

// ── Digits (handwritten comb cells) ─────────────────────────────────────────────────────────────────────────
