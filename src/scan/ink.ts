/**
 * What ink is on this page: the grey levels of its own paper and ink, measured at the registration marks. Every
 * reader measures ink against these, never against fixed grey values (phones, shadows and toner differ).
 */

/** Grey levels of this page's own paper and ink, measured at the marks (inputs to every ink measure). */
export interface InkLevels { readonly paperLevel: number; readonly inkLevel: number }
