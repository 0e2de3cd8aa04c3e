// paperlink review page: one item at a time, keyboard first. Plain browser JavaScript, no framework, no network
// beyond this local server. Served by src/review/review-server.ts; the API is described there.
(function () {
  'use strict';

  const TEXT = {
    nl: {
      radioLink: 'Per radio', matchesLink: (n) => `Familieberichten: koppelingen (${n})`, sweepLink: 'Cijfers in bulk', title: 'Controle', filterForm: 'Formulier', filterSite: 'Locatie', filterField: 'Veld', filterBatch: 'Partij', all: 'alle',
      keysTitle: 'Sneltoetsen', speedTitle: 'Tempo (laatste uur)', nameTitle: 'Wie controleert?',
      nameHelp: 'Uw naam komt bij elke beslissing te staan. U hoeft hem maar één keer in te vullen.', nameOk: 'Beginnen',
      otherLang: 'English', left: (n) => `nog ${n} te doen`, perHour: (n) => `${n}/uur`, you: 'u',
      openRfl: (n) => `Familieberichten openen (${n})`, closeRfl: 'Terug naar gewone lijst',
      rflBanner: 'Familieberichten (RFL): vertrouwelijk. Alleen doen als u daarvoor bevoegd bent; niets overschrijven naar elders.',
      tiers: { 'life-safety': 'Levensveiligheid eerst', unreadable: 'Onleesbare pagina', conflict: 'Twee scans verschillen', check: 'Controleren', transcribe: 'Overtypen' },
      reasons: {
        'marginal-mark': 'Een vakje is niet duidelijk leeg en niet duidelijk aangekruist.',
        'several-choices': 'Bij één keuze zijn meerdere rondjes ingevuld.',
        'cancel-unclear': 'Een vakje is zwart gemaakt: doorgehaald of een dik kruis?',
        'digits-unsure': 'Niet elk cijfer is zeker gelezen.',
        'digits-out-of-range': 'De cijfers zijn gelezen maar kunnen niet kloppen.',
        'check-failed': 'De optelling klopt niet met het totaal.',
        'text-to-transcribe': 'Handschrift: typ over wat er staat.',
        conflict: 'Twee scans van dezelfde pagina lezen iets anders.',
        'registration-weak': 'De pagina lag scheef of vervormd: alles op deze pagina is minder zeker.',
      },
      unreadable: {
        'no-qr': 'Geen QR-code gevonden.', 'foreign-qr': 'De QR-code is niet van paperlink.', 'tampered-code': 'De QR-code klopt niet met zijn controlewaarde.',
        'unknown-layout': 'Deze formulierversie is in deze werkmap niet bekend.', 'registration-failed': 'De pagina kon niet worden uitgelijnd: hoekrondjes niet gevonden of afgesneden, of de pagina is gebogen.',
        'corrupt-file': 'Het bestand is beschadigd.', 'too-large': 'Het bestand is te groot.', 'unsupported-format': 'Dit bestandstype wordt niet gelezen.',
        'blank-page': 'De pagina lijkt leeg.',
        'reader-failed': 'paperlink liep vast op deze pagina (een fout in paperlink, niet in de scan). Meld dit bestand; opnieuw scannen helpt niet.',
      },
      machine: 'Machine las', lifeSafety: 'levensveiligheid', nobody: 'nog geen beslissingen', guess: 'Gok', nothingRead: 'niets gelezen', sheet: 'Blad', page: 'pagina', row: 'regel',
      cropHint: 'Klik op de uitsnede (of F3) voor de hele pagina.',
      answerDigits: 'Typ de cijfers zoals geschreven', answerText: 'Typ de tekst zoals geschreven',
      enterConfirms: (v) => `Enter = machine bevestigen (${v})`,
      signed: 'Ondertekend', notSigned: 'Niet ondertekend', noneChoice: 'Geen keuze',
      pickReading: 'Welke lezing klopt? Kies met 1 of 2, dan Enter.', reading: (n) => `Scan ${n}`,
      printedId: 'Typ de code die naast de QR-code staat, bijvoorbeeld AMS01-000123-1-K',
      readId: (id) => `De QR-code is gelezen: blad ${id}. Zoek dit papier op, leg het plat en scan het opnieuw — of druk Enter om het alleen met de vier hoekrondjes te proberen.`,
      pickForm: 'Meerdere formulieren hebben dit nummer. Welk formulier is het? Kies met een cijfer.',
      save: 'Opslaan', illegible: 'Onleesbaar', back: 'Terug', notAForm: 'Geen paperlink-formulier',
      emptyTitle: 'Alles gedaan', empty: 'Er wacht niets meer in deze lijst. Nieuwe scans verschijnen hier vanzelf.',
      saved: 'Opgeslagen', undone: 'Teruggezet: pas de vorige beslissing aan.',
      keys: [
        ['0–9, a–z', 'typen'], ['Enter', 'opslaan / machine bevestigen'], ['F2 of Ctrl+I', 'onleesbaar'],
        ['Backspace', 'terug (in leeg veld): vorige ongedaan maken'], ['1–9', 'keuze kiezen of vakje aan/uit'],
        ['↑ ↓ + Spatie', 'vakje 10 en verder aan/uit'], ['0', 'geen keuze (rondjes)'], ['F3', 'hele pagina tonen'], ['Esc', 'pagina sluiten'],
        ['F4', 'geen paperlink-formulier'],
      ],
      refusals: {
        'leased-to-other': (r) => `${r.reviewer || 'Iemand anders'} werkt nu aan dit item; het is niet veranderd.`,
        'already-decided': () => 'Iemand heeft dit item al beslist; het is niet veranderd.',
        'invalid-value': (r) => `Dat past niet in dit veld. ${r.message}`,
        'nothing-to-confirm': () => 'De machine heeft hier niets volledigs gelezen: typ de waarde, of F2 = onleesbaar.',
        'nothing-to-undo': () => 'Er is geen beslissing van u om terug te zetten.',
        'undo-blocked': () => 'Iemand anders heeft dit item daarna beslist; die beslissing blijft staan.',
        'undo-identified': () => 'Die pagina is al herkend en gelezen; verbeter de velden als ze langskomen.',
        'id-invalid': () => 'Die code klopt niet (controleteken): vergelijk elk teken met het papier.',
        'id-not-printed': () => 'Met dit nummer is voor deze locatie geen blad geprint. Controleer de code, of F4 = geen formulier.',
        'id-page-invalid': () => 'Dat paginanummer bestaat niet voor dit formulier.',
        'form-ambiguous': () => 'Kies het formulier met een cijfer.',
        'identify-failed': (r) => `De pagina kon niet gelezen worden: ${r.message}`,
        'not-found': () => 'Dit item bestaat niet meer.',
      },
    },
    en: {
      radioLink: 'By radio', matchesLink: (n) => `Family-link matches (${n})`, sweepLink: 'Digit sweep', title: 'Review', filterForm: 'Form', filterSite: 'Site', filterField: 'Field', filterBatch: 'Batch', all: 'all',
      keysTitle: 'Shortcuts', speedTitle: 'Speed (last hour)', nameTitle: 'Who is reviewing?',
      nameHelp: 'Your name is stored with every decision. You only type it once.', nameOk: 'Start',
      otherLang: 'Nederlands', left: (n) => `${n} left`, perHour: (n) => `${n}/hour`, you: 'you',
      openRfl: (n) => `Open family-link messages (${n})`, closeRfl: 'Back to the main queue',
      rflBanner: 'Family-link messages (RFL): confidential. Only if you are authorised; copy nothing elsewhere.',
      tiers: { 'life-safety': 'Life-safety first', unreadable: 'Unreadable page', conflict: 'Two scans differ', check: 'Check', transcribe: 'Transcribe' },
      reasons: {
        'marginal-mark': 'A box is neither clearly empty nor clearly ticked.',
        'several-choices': 'Several circles are filled for a single choice.',
        'cancel-unclear': 'A box is blacked out: cancelled, or a heavy tick?',
        'digits-unsure': 'Not every digit was read with confidence.',
        'digits-out-of-range': 'The digits were read but cannot be right.',
        'check-failed': 'The parts do not add up to the total.',
        'text-to-transcribe': 'Handwriting: type what is written.',
        conflict: 'Two scans of the same page read differently.',
        'registration-weak': 'The page was skewed or warped: everything on it is less certain.',
      },
      unreadable: {
        'no-qr': 'No QR code was found.', 'foreign-qr': 'The QR code is not a paperlink code.', 'tampered-code': 'The QR code does not match its check value.',
        'unknown-layout': 'This form version is not known in this workspace.', 'registration-failed': 'The page could not be aligned: corner discs not found or cut off, or the page is curled.',
        'corrupt-file': 'The file is damaged.', 'too-large': 'The file is too large.', 'unsupported-format': 'This file type is not read.',
        'blank-page': 'The page looks blank.',
        'reader-failed': 'paperlink failed on this page (a fault in paperlink, not in the scan). Report this file; scanning it again will not help.',
      },
      machine: 'Machine read', lifeSafety: 'life-safety', nobody: 'no decisions yet', guess: 'Guess', nothingRead: 'nothing read', sheet: 'Sheet', page: 'page', row: 'line',
      cropHint: 'Click the crop (or F3) for the whole page.',
      answerDigits: 'Type the digits as written', answerText: 'Type the text as written',
      enterConfirms: (v) => `Enter = confirm machine (${v})`,
      signed: 'Signed', notSigned: 'Not signed', noneChoice: 'No choice',
      pickReading: 'Which reading is right? Pick 1 or 2, then Enter.', reading: (n) => `Scan ${n}`,
      printedId: 'Type the code printed beside the QR code, e.g. AMS01-000123-1-K',
      readId: (id) => `QR code read: sheet ${id}. Find this paper, lay it flat and scan it again — or press Enter to try reading it from its four corner discs alone.`,
      pickForm: 'Several forms have this number. Which form is it? Pick with a digit.',
      save: 'Save', illegible: 'Illegible', back: 'Back', notAForm: 'Not a paperlink form',
      emptyTitle: 'All done', empty: 'Nothing is waiting in this queue. New scans appear here by themselves.',
      saved: 'Saved', undone: 'Undone: change the previous decision.',
      keys: [
        ['0–9, a–z', 'type'], ['Enter', 'save / confirm machine'], ['F2 or Ctrl+I', 'illegible'],
        ['Backspace', 'back (in an empty box): undo the last decision'], ['1–9', 'pick a choice or toggle a box'],
        ['↑ ↓ + Space', 'toggle box 10 and beyond'], ['0', 'no choice (circles)'], ['F3', 'show the whole page'], ['Esc', 'close the page'],
        ['F4', 'not a paperlink form'],
      ],
      refusals: {
        'leased-to-other': (r) => `${r.reviewer || 'Someone else'} is working on this item now; it was not changed.`,
        'already-decided': () => 'Someone already decided this item; it was not changed.',
        'invalid-value': (r) => `That does not fit this field. ${r.message}`,
        'nothing-to-confirm': () => 'The machine read nothing complete here: type the value, or F2 = illegible.',
        'nothing-to-undo': () => 'There is no decision of yours to undo.',
        'undo-blocked': () => 'Someone else decided this item after you; their decision stands.',
        'undo-identified': () => 'That page was identified and read; correct its fields when they come up.',
        'id-invalid': () => 'That code does not check out: compare each character with the paper.',
        'id-not-printed': () => 'No sheet with this number was printed for this site. Check the code, or F4 = not a form.',
        'id-page-invalid': () => 'That page number does not exist for this form.',
        'form-ambiguous': () => 'Pick the form with a digit.',
        'identify-failed': (r) => `The page could not be read: ${r.message}`,
        'not-found': () => 'This item no longer exists.',
      },
    },
  };

  const params = new URLSearchParams(location.search);
  const state = {
    lang: params.get('lang') || localStorage.getItem('paperlink.lang') || document.body.dataset.defaultLang || 'nl',
    reviewer: localStorage.getItem('paperlink.reviewer') || '',
    filters: { form: '', site: '', field: '', batch: '', queue: 'main' },
    item: null, edit: null, busy: false, familyLinkLeft: 0, left: 0, reviewers: [], filterData: null, rendered: 0,
  };
  if (state.lang !== 'en') state.lang = 'nl';
  const t = () => TEXT[state.lang];
  const $ = (id) => document.getElementById(id);

  const { el, api, notify } = window.paperlinkPageKit;
  const label = (l) => (l && (l[state.lang] || l.en || l.nl)) || '';
  const kbd = (k) => el('kbd', { text: k });

  // ── Server ──────────────────────────────────────────────────────────────────────────────────────────────
  function filterParams() {
    const out = {};
    for (const [key, value] of Object.entries(state.filters)) if (value) out[key] = value;
    return out;
  }
  async function loadNext() {
    const query = new URLSearchParams({ reviewer: state.reviewer, ...filterParams() });
    show(await api('GET', `/api/next?${query}`));
  }
  async function send(path, body) {
    if (state.busy) return;
    state.busy = true;
    try {
      const data = await api('POST', path, { reviewer: state.reviewer, ...filterParams(), ...body });
      const result = data.result;
      if (result && !result.ok) {
        notify(refusalText(result), true);
        if (result.code === 'form-ambiguous' && state.item && state.item.kind === 'unreadable') {
          state.edit.candidates = result.candidates || [];
          renderItem();
          updateProgress(data.next);
          return;
        }
        const keep = data.next.item && state.item && data.next.item.key === state.item.key;
        if (keep) { updateProgress(data.next); return; }
      } else if (path === '/api/undo') notify(t().undone, false);
      show(data.next);
    } catch (error) {
      notify(String(error.message || error), true);
    } finally {
      state.busy = false;
    }
  }
  function refusalText(result) {
    const make = t().refusals[result.code];
    return make ? make(result) : result.message;
  }

  // ── Rendering ───────────────────────────────────────────────────────────────────────────────────────────
  function show(next) {
    updateProgress(next);
    state.item = next.item;
    state.edit = next.item ? initialEdit(next.item) : null;
    renderItem();
  }
  function updateProgress(next) {
    state.left = next.left; state.familyLinkLeft = next.familyLinkLeft; state.reviewers = next.reviewers || [];
    $('progress').textContent = `${t().left(state.left)}`;
    const toggle = $('queue-toggle');
    toggle.textContent = state.filters.queue === 'family-link' ? t().closeRfl : t().openRfl(state.familyLinkLeft);
    toggle.hidden = state.filters.queue !== 'family-link' && state.familyLinkLeft === 0;
    const banner = $('rfl-banner');
    banner.hidden = state.filters.queue !== 'family-link';
    banner.textContent = t().rflBanner;
    const speed = $('speed');
    if (state.reviewers.length === 0) { speed.replaceChildren(el('li', { class: 'none', text: t().nobody })); return; }
    speed.replaceChildren(...state.reviewers.map((r) => el('li', { class: r.reviewer === state.reviewer ? 'me' : '' },
      el('span', { text: r.reviewer === state.reviewer ? `${r.reviewer} (${t().you})` : r.reviewer }),
      el('span', { text: `${r.lastHour} · ${t().perHour(r.perHour)}` }))));
  }
  function machineValue(item) {
    const ok = (v) => v !== undefined && v !== null && !(typeof v === 'string' && v.includes('?'));
    if (ok(item.guess)) return item.guess;
    if (ok(item.value)) return item.value;
    if (item.field && item.field.kind === 'checkbox' && Array.isArray(item.guess)) return item.guess;
    if (item.field && item.field.kind === 'checkbox' && Array.isArray(item.value)) return item.value;
    return undefined;
  }
  function initialEdit(item) {
    // A refused page whose QR was read starts with that id filled in; clearing it leaves it clear.
    if (item.kind === 'unreadable') return { text: item.readId || '', candidates: [] };
    if (item.mode === 'conflict') return { pick: null };
    const machine = machineValue(item);
    switch (item.field.kind) {
      case 'checkbox': return { ticked: new Set(Array.isArray(machine) ? machine : []), cursor: 0, machine };
      case 'choice': return { choice: typeof machine === 'string' ? machine : null, machine };
      case 'signature': return { signed: typeof machine === 'boolean' ? machine : null, machine };
      default: return { machine };
    }
  }
  function shown(value, field) {
    if (value === undefined || value === null) return t().nothingRead;
    if (Array.isArray(value)) return value.length === 0 ? '—' : value.map((v) => optionLabel(field, v)).join(', ');
    if (typeof value === 'boolean') return value ? t().signed : t().notSigned;
    if (field && field.kind === 'choice') return optionLabel(field, value);
    return String(value);
  }
  function optionLabel(field, value) {
    const option = field && field.options ? field.options.find((o) => o.value === value) : null;
    return option ? label(option.label) : String(value);
  }

  function cropImage(captureId, fieldId, onload) {
    const img = el('img', { class: 'crop', alt: '', src: `/api/crop?c=${captureId}&f=${encodeURIComponent(fieldId)}`, onclick: () => openZoom(`/api/page?c=${captureId}`) });
    if (onload) { img.addEventListener('load', onload); img.addEventListener('error', onload); }
    return img;
  }

  function renderItem() {
    const card = $('item');
    const item = state.item;
    state.rendered += 1;
    document.body.dataset.ready = '0';
    const ready = () => { document.body.dataset.ready = '1'; };
    document.body.dataset.itemKey = item ? item.key : '';
    if (!item) {
      card.replaceChildren(el('div', { class: 'empty' }, el('strong', { text: t().emptyTitle }), t().empty));
      ready();
      return;
    }
    const parts = [];
    if (item.kind === 'unreadable') {
      parts.push(el('div', { class: 'head' }, el('span', { class: 'badge unreadable', text: t().tiers.unreadable }), el('span', { class: 'sheet', text: item.file })));
      parts.push(el('p', { class: 'reason', text: t().unreadable[item.reason] || item.message || '' }));
      if (item.readId) parts.push(el('p', { class: 'reason', text: t().readId(item.readId) }));
      const image = item.hasImage ? el('img', { class: 'page-img', alt: '', src: `/api/input?i=${item.inputId}`, onclick: () => openZoom(`/api/input?i=${item.inputId}`) }) : el('div', { text: '—' });
      if (item.hasImage) { image.addEventListener('load', ready); image.addEventListener('error', ready); } else ready();
      const input = el('input', { id: 'answer', class: 'answer', autocomplete: 'off', spellcheck: 'false', placeholder: 'AMS01-000123-1-K', 'aria-label': t().printedId });
      input.value = state.edit.text;
      input.addEventListener('input', () => { state.edit.text = input.value; });
      const right = [el('p', { text: t().printedId }), input];
      if (state.edit.candidates.length > 0) {
        right.push(el('p', { text: t().pickForm }));
        right.push(el('ol', { class: 'candidates' }, state.edit.candidates.map((c, i) => el('li', { onclick: () => identify(c.fingerprint) }, kbd(String(i + 1)), ' ', `${label(c.title)} (${c.formId})`))));
      }
      right.push(el('div', { class: 'actions' },
        el('button', { class: 'primary', type: 'button', onclick: () => accept() }, kbd('Enter'), ' ', t().save),
        el('button', { type: 'button', onclick: () => notAForm() }, kbd('F4'), ' ', t().notAForm),
        el('button', { type: 'button', onclick: () => undo() }, kbd('⌫'), ' ', t().back)));
      parts.push(el('div', { class: 'page-view' }, image, el('div', {}, right)));
      card.replaceChildren(...parts);
      input.focus();
      return;
    }
    const field = item.field;
    const sheetText = `${label(item.form.title)} · ${t().sheet} ${item.sheet.humanId} · ${t().page} ${item.sheet.page}/${item.sheet.pageCount}`;
    const tierClass = item.mode === 'conflict' && item.tier !== 'life-safety' ? 'conflict' : item.tier;
    parts.push(el('div', { class: 'head' }, el('span', { class: `badge ${tierClass}`, text: t().tiers[item.tier] }), el('span', { class: 'sheet', text: sheetText })));
    parts.push(el('div', { class: 'field-label', text: label(field.label) }));
    const why = item.reasons.map((r) => t().reasons[r] || r).join(' ') || (item.mode === 'conflict' ? t().reasons.conflict : '');
    const machineText = `${t().machine}: ${shown(item.value, field)}${item.guess !== undefined && item.guess !== null ? ` · ${t().guess}: ${shown(item.guess, field)}` : ''}`;
    parts.push(el('p', { class: 'reason' }, why, ' ', el('strong', { text: machineText })));

    let focusTarget = null;
    if (item.mode === 'conflict') {
      let pending = item.readings.length;
      const done = () => { pending -= 1; if (pending <= 0) ready(); };
      if (pending === 0) ready();
      parts.push(el('p', { text: t().pickReading }));
      parts.push(el('div', { class: 'readings' }, item.readings.map((reading, i) => el('div', {
        class: `reading${state.edit.pick === reading.captureId ? ' on' : ''}`, onclick: () => { state.edit.pick = reading.captureId; renderItem(); },
      }, el('div', {}, kbd(String(i + 1)), ' ', t().reading(i + 1)), cropImage(reading.captureId, field.id, done), el('div', { class: 'value', text: shown(reading.value, field) })))));
    } else {
      const captureId = item.captureId ?? (item.readings[0] && item.readings[0].captureId);
      if (captureId) {
        parts.push(el('div', { class: 'crop-wrap' }, cropImage(captureId, field.id, ready), el('div', { class: 'crop-hint', text: t().cropHint })));
      } else ready();
      switch (field.kind) {
        case 'digits': case 'text': case 'wordgrid': {
          const machine = state.edit.machine;
          const input = el('input', {
            id: 'answer', class: 'answer', autocomplete: 'off', spellcheck: 'false', inputmode: field.kind === 'digits' ? 'numeric' : 'text',
            maxlength: field.kind === 'digits' ? String(field.count) : '2000',
            placeholder: machine !== undefined ? t().enterConfirms(shown(machine, field)) : (field.kind === 'digits' ? t().answerDigits : t().answerText),
            'aria-label': label(field.label),
          });
          parts.push(input);
          focusTarget = input;
          break;
        }
        case 'checkbox': {
          parts.push(el('ul', { class: 'options' }, field.options.map((option, i) => el('li', {
            class: `${state.edit.ticked.has(option.value) ? 'on' : ''}${state.edit.cursor === i ? ' cursor' : ''}`,
            onclick: () => { toggle(i); },
          }, kbd(i < 9 ? String(i + 1) : '↕'), el('span', { class: 'tick', text: state.edit.ticked.has(option.value) ? '✓' : '' }), label(option.label),
          option.lifeSafety ? el('span', { class: 'life', text: t().lifeSafety }) : null))));
          break;
        }
        case 'choice': {
          parts.push(el('ul', { class: 'options' }, [
            ...field.options.map((option, i) => el('li', { class: state.edit.choice === option.value ? 'on' : '', onclick: () => { state.edit.choice = option.value; renderItem(); } },
              kbd(String(i + 1)), el('span', { class: 'tick round', text: state.edit.choice === option.value ? '●' : '' }), label(option.label),
              option.lifeSafety ? el('span', { class: 'life', text: t().lifeSafety }) : null)),
            el('li', { class: state.edit.choice === null ? 'on' : '', onclick: () => { state.edit.choice = null; renderItem(); } }, kbd('0'), el('span', { class: 'tick round', text: '' }), t().noneChoice),
          ]));
          break;
        }
        case 'signature': {
          parts.push(el('ul', { class: 'options' },
            el('li', { class: state.edit.signed === true ? 'on' : '', onclick: () => { state.edit.signed = true; renderItem(); } }, kbd('1'), t().signed),
            el('li', { class: state.edit.signed === false ? 'on' : '', onclick: () => { state.edit.signed = false; renderItem(); } }, kbd('2'), t().notSigned)));
          break;
        }
        default: break;
      }
    }
    parts.push(el('div', { class: 'actions' },
      el('button', { class: 'primary', type: 'button', onclick: () => accept() }, kbd('Enter'), ' ', t().save),
      el('button', { type: 'button', onclick: () => illegible() }, kbd('F2'), ' ', t().illegible),
      el('button', { type: 'button', onclick: () => undo() }, kbd('⌫'), ' ', t().back)));
    card.replaceChildren(...parts);
    if (focusTarget) focusTarget.focus();
  }

  function renderMatchesLink() {
    const link = $('matches-link');
    link.hidden = !state.matchesWaiting;
    link.textContent = t().matchesLink(state.matchesWaiting || 0);
  }
  function renderChrome() {
    document.documentElement.lang = state.lang;
    for (const node of document.querySelectorAll('[data-t]')) node.textContent = t()[node.dataset.t];
    $('lang-toggle').textContent = t().otherLang;
    $('who').textContent = state.reviewer ? `${state.reviewer} ✎` : '';
    $('keys').replaceChildren(...t().keys.flatMap(([keys, what]) => [el('dt', {}, keys.split(/( of | or |, | \+ )/).map((part) => (/^( of | or |, | \+ )$/.test(part) ? part : kbd(part)))), el('dd', { text: what })]));
    renderFilters();
    renderMatchesLink();
  }

  function renderFilters() {
    const data = state.filterData;
    if (!data) return;
    const fill = (id, options, current) => {
      const select = $(id);
      select.replaceChildren(el('option', { value: '', text: t().all }), ...options.map(([value, text]) => el('option', { value: String(value), text, selected: String(value) === current })));
    };
    fill('filter-form', data.forms.map((f) => [f.id, label(f.title)]), state.filters.form);
    fill('filter-site', data.sites.map((s) => [s, s]), state.filters.site);
    // Office staff know fields by their printed label, not by id: the last two steps of the label path ("5–17 y ›
    // female"), or a numbered table line's column and line ("Water (L) · line 3"). Without a form filter one option
    // per field id (the filter matches that id on every form).
    const seen = new Set();
    const fieldText = (f) => {
      const steps = label(f.label).split(' › ');
      return f.row && /^\d+$/.test(f.row) ? `${steps[steps.length - 1]} · ${t().row} ${f.row}` : steps.slice(-2).join(' › ');
    };
    const fieldOptions = data.fields.filter((f) => !state.filters.form || f.form === state.filters.form)
      .filter((f) => (seen.has(f.field) ? false : (seen.add(f.field), true)))
      .map((f) => [f.field, fieldText(f)]);
    fill('filter-field', fieldOptions, state.filters.field);
    fill('filter-batch', data.batches.map((b) => [b.id, b.name]), state.filters.batch);
  }

  // ── Actions ─────────────────────────────────────────────────────────────────────────────────────────────
  function same(a, b) { return JSON.stringify(a === undefined ? null : a) === JSON.stringify(b === undefined ? null : b); }

  function accept() {
    const item = state.item;
    if (!item || state.busy) return;
    if (item.kind === 'unreadable') { identify(); return; }
    const field = item.field;
    if (item.mode === 'conflict') {
      if (state.edit.pick === null) { notify(t().pickReading, true); return; }
      send('/api/decide', { key: item.key, action: 'pick-reading', captureId: state.edit.pick });
      return;
    }
    switch (field.kind) {
      case 'digits': case 'text': case 'wordgrid': {
        const typed = $('answer').value.trim();
        if (typed === '') {
          if (state.edit.machine === undefined) { notify(t().refusals['nothing-to-confirm'](), true); return; }
          send('/api/decide', { key: item.key, action: 'confirm' });
        } else send('/api/decide', { key: item.key, action: 'set', value: typed });
        return;
      }
      case 'checkbox': {
        const value = field.options.map((o) => o.value).filter((v) => state.edit.ticked.has(v));
        if (state.edit.machine !== undefined && same(value, state.edit.machine)) send('/api/decide', { key: item.key, action: 'confirm' });
        else send('/api/decide', { key: item.key, action: 'set', value });
        return;
      }
      case 'choice':
        if (state.edit.machine !== undefined && same(state.edit.choice, state.edit.machine)) send('/api/decide', { key: item.key, action: 'confirm' });
        else send('/api/decide', { key: item.key, action: 'set', value: state.edit.choice });
        return;
      case 'signature':
        if (state.edit.signed === null) { notify(`${t().signed}? 1 / 2`, true); return; }
        send('/api/decide', { key: item.key, action: 'set', value: state.edit.signed });
        return;
      default: return;
    }
  }
  function identify(fingerprint) {
    const item = state.item;
    const text = ($('answer') && $('answer').value.trim()) || state.edit.text;
    send('/api/decide', { key: item.key, action: 'identify', printedId: text, ...(fingerprint ? { fingerprint } : {}) });
  }
  function illegible() {
    if (state.item && state.item.kind === 'field') send('/api/decide', { key: state.item.key, action: 'illegible' });
  }
  function notAForm() {
    if (state.item && state.item.kind === 'unreadable') send('/api/decide', { key: state.item.key, action: 'not-a-form' });
  }
  function undo() { send('/api/undo', {}); }
  function toggle(index) {
    const option = state.item.field.options[index];
    if (!option) return;
    if (state.edit.ticked.has(option.value)) state.edit.ticked.delete(option.value); else state.edit.ticked.add(option.value);
    state.edit.cursor = index;
    renderItem();
  }

  function openZoom(src) {
    $('zoom-img').src = src;
    $('zoom').classList.remove('full');
    $('zoom').hidden = false;
  }
  function closeZoom() { $('zoom').hidden = true; }

  function onKey(event) {
    if (!$('name-dialog').hidden) return;
    const item = state.item;
    const key = event.key;
    if (!$('zoom').hidden) {
      if (key === 'Escape' || key === 'F3') { event.preventDefault(); closeZoom(); }
      return;
    }
    if (event.target instanceof HTMLSelectElement) return;
    if (key === 'F2' || (event.ctrlKey && (key === 'i' || key === 'I'))) { event.preventDefault(); illegible(); return; }
    if (key === 'F4') { event.preventDefault(); notAForm(); return; }
    if (key === 'F3') {
      event.preventDefault();
      if (item && item.kind === 'field') {
        const captureId = item.mode === 'conflict' ? (state.edit.pick || (item.readings[0] && item.readings[0].captureId)) : item.captureId;
        if (captureId) openZoom(`/api/page?c=${captureId}`);
      } else if (item && item.kind === 'unreadable' && item.hasImage) openZoom(`/api/input?i=${item.inputId}`);
      return;
    }
    if (event.ctrlKey && (key === 'z' || key === 'Z')) { event.preventDefault(); undo(); return; }
    if (key === 'Enter') { event.preventDefault(); accept(); return; }
    const input = $('answer');
    const typing = input && document.activeElement === input;
    if (key === 'Backspace') {
      if (!typing || input.value === '') { event.preventDefault(); undo(); }
      return;
    }
    if (!item || typing) return;
    if (item.kind === 'unreadable') {
      const n = Number(key);
      if (state.edit.candidates.length > 0 && n >= 1 && n <= state.edit.candidates.length) { event.preventDefault(); identify(state.edit.candidates[n - 1].fingerprint); }
      return;
    }
    const field = item.field;
    if (item.mode === 'conflict') {
      const n = Number(key);
      const reading = item.readings[n - 1];
      if (/^[1-9]$/.test(key) && reading) { event.preventDefault(); state.edit.pick = reading.captureId; renderItem(); }
      return;
    }
    if (field.kind === 'checkbox') {
      if (/^[1-9]$/.test(key)) { event.preventDefault(); toggle(Number(key) - 1); }
      else if (key === 'ArrowDown' || key === 'ArrowUp') {
        event.preventDefault();
        const count = field.options.length;
        state.edit.cursor = (state.edit.cursor + (key === 'ArrowDown' ? 1 : count - 1)) % count;
        renderItem();
      } else if (key === ' ') { event.preventDefault(); toggle(state.edit.cursor); }
    } else if (field.kind === 'choice') {
      if (key === '0') { event.preventDefault(); state.edit.choice = null; renderItem(); }
      else if (/^[1-9]$/.test(key) && field.options[Number(key) - 1]) { event.preventDefault(); state.edit.choice = field.options[Number(key) - 1].value; renderItem(); }
    } else if (field.kind === 'signature') {
      if (key === '1' || key === '2') { event.preventDefault(); state.edit.signed = key === '1'; renderItem(); }
    }
  }

  // ── Start ───────────────────────────────────────────────────────────────────────────────────────────────
  function askName() {
    const dialog = $('name-dialog');
    dialog.hidden = false;
    const input = $('name-input');
    input.value = state.reviewer;
    input.focus();
  }
  $('name-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const name = $('name-input').value.trim();
    if (!name) return;
    const changed = name !== state.reviewer;
    if (changed && state.reviewer) api('POST', '/api/release', { reviewer: state.reviewer }).catch(() => {});
    state.reviewer = name;
    localStorage.setItem('paperlink.reviewer', name);
    $('name-dialog').hidden = true;
    renderChrome();
    loadNext().catch((error) => notify(String(error.message || error), true));
  });
  $('who').addEventListener('click', askName);
  $('lang-toggle').addEventListener('click', () => {
    state.lang = state.lang === 'nl' ? 'en' : 'nl';
    localStorage.setItem('paperlink.lang', state.lang);
    renderChrome();
    if (state.item) renderItem();
    updateProgress({ left: state.left, familyLinkLeft: state.familyLinkLeft, reviewers: state.reviewers });
  });
  $('queue-toggle').addEventListener('click', async () => {
    await api('POST', '/api/release', { reviewer: state.reviewer });
    state.filters.queue = state.filters.queue === 'family-link' ? 'main' : 'family-link';
    await loadNext();
  });
  for (const [id, key] of [['filter-form', 'form'], ['filter-site', 'site'], ['filter-field', 'field'], ['filter-batch', 'batch']]) {
    $(id).addEventListener('change', async (event) => {
      state.filters[key] = event.target.value;
      if (key === 'form') { state.filters.field = ''; renderFilters(); }
      await api('POST', '/api/release', { reviewer: state.reviewer });
      await loadNext();
      event.target.blur();
    });
  }
  $('zoom').addEventListener('click', (event) => {
    if (event.target === $('zoom-img')) $('zoom').classList.toggle('full'); else closeZoom();
  });
  document.addEventListener('keydown', onKey);
  if (params.has('lang')) localStorage.setItem('paperlink.lang', state.lang);

  renderChrome();
  // The match queue is restricted: this page learns only how many pairs wait, and links to it when some do.
  api('GET', '/api/matches/count').then((count) => {
    state.matchesWaiting = count.available ? count.waiting + count.unsure : 0;
    renderMatchesLink();
  }).catch(() => {});
  api('GET', '/api/filters').then((data) => { state.filterData = data; renderFilters(); }).catch(() => {});
  if (!state.reviewer) askName();
  else loadNext().catch((error) => notify(String(error.message || error), true));
})();
