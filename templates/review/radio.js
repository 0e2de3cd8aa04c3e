// paperlink radio desk: a SITREP as the operator wrote it down, with the preamble's check, taken into the workspace or
// refused with the words to ask the station again for. Enter in any field takes the message. Plain browser JavaScript;
// talks only to this local server (GET/POST /api/radio, src/review/handle-radio.ts).
(function () {
  'use strict';

  const TEXT = {
    nl: {
      title: 'Per radio ontvangen (SITREP)', back: 'Terug naar de controle', otherLang: 'English',
      help: 'Typ het bericht zoals opgeschreven, woord voor woord, en de check uit de kop (het aantal woorden). Klopt het aantal woorden of het TOTAL niet, dan wordt het bericht niet opgenomen en staat hier wat u opnieuw moet vragen.',
      text: 'Bericht', check: 'Check', station: 'Station', number: 'Nr.', take: 'Enter — opnemen',
      taken: (f) => `Opgenomen: SITREP ${f.site} ${f.date} ${f.time}. Het staat in het rapport als voorlopig, tot de eigen formulieren van de locatie binnen zijn.`,
      duplicate: (f) => `Al ontvangen: SITREP ${f.site} ${f.date} ${f.time} (telt één keer).`,
      received: 'Ontvangen berichten', head: ['Locatie', 'Verzonden', 'Ontvangen', 'Station', 'Bericht'], none: 'Nog niets ontvangen.',
      noName: 'Open eerst de controlepagina en vul uw naam in.',
    },
    en: {
      title: 'Received by radio (SITREP)', back: 'Back to review', otherLang: 'Nederlands',
      help: 'Type the message as written down, word for word, and the check from the preamble (the word count). If the word count or the TOTAL does not match, the message is not taken and this says what to ask for again.',
      text: 'Message', check: 'Check', station: 'Station', number: 'No.', take: 'Enter — take message',
      taken: (f) => `Taken: SITREP ${f.site} ${f.date} ${f.time}. The report shows it as provisional until the site's own sheets are in.`,
      duplicate: (f) => `Already received: SITREP ${f.site} ${f.date} ${f.time} (counted once).`,
      received: 'Messages received', head: ['Site', 'Sent', 'Received', 'Station', 'Message'], none: 'Nothing received yet.',
      noName: 'Open the review page first and type your name.',
    },
  };
  const state = {
    lang: window.paperlinkPageKit.startLanguage(),
    reviewer: localStorage.getItem('paperlink.reviewer') || '', received: [], busy: false,
  };
  const t = () => TEXT[state.lang];
  const $ = (id) => document.getElementById(id);
  const { el, api, notify, wireLanguageToggle } = window.paperlinkPageKit;

  function renderReceived() {
    $('received-head').replaceChildren(...t().head.map((text) => el('th', { text })));
    $('received').replaceChildren(...(state.received.length === 0
      ? [el('tr', {}, el('td', { colspan: '5', text: t().none }))]
      : state.received.map((row) => el('tr', { 'data-site': row.site },
        el('td', { text: row.site }), el('td', { text: `${row.sentDate.slice(0, 2)}-${row.sentDate.slice(2)} ${row.sentTime.slice(0, 2)}:${row.sentTime.slice(2)}` }),
        el('td', { text: `${row.receivedAt.slice(0, 16).replace('T', ' ')} UTC${row.receptions > 1 ? ` (${row.receptions}×)` : ''}` }),
        el('td', { text: row.station || '—' }), el('td', { class: 'match-value', text: row.text })))));
  }
  function showResult(text, bad) {
    const box = $('radio-result');
    box.textContent = text;
    box.className = `radio-result${bad ? ' bad' : ' ok'}`;
    box.hidden = false;
    document.body.dataset.result = bad ? 'refused' : 'taken';
  }
  async function take(event) {
    event.preventDefault();
    if (state.busy) return;
    state.busy = true;
    document.body.dataset.ready = '0';
    try {
      const data = await api('POST', '/api/radio', {
        reviewer: state.reviewer, text: $('radio-text').value, check: $('radio-check').value, station: $('radio-station').value, number: $('radio-number').value,
      });
      showResult(data.taken.duplicate ? t().duplicate(data.taken.figures) : t().taken(data.taken.figures), false);
      state.received = data.received;
      renderReceived();
      for (const id of ['radio-text', 'radio-check', 'radio-number']) $(id).value = '';
      $('radio-text').focus();
    } catch (error) {
      showResult(String(error.message || error), true);
    } finally {
      state.busy = false;
      document.body.dataset.ready = '1';
    }
  }
  function renderChrome() {
    document.documentElement.lang = state.lang;
    $('radio-title').textContent = t().title;
    $('back-link').textContent = t().back;
    $('lang-toggle').textContent = t().otherLang;
    $('radio-help').textContent = t().help;
    for (const key of ['text', 'check', 'station', 'number']) $(`label-${key}`).textContent = t()[key];
    $('radio-take').textContent = t().take;
    $('received-title').textContent = t().received;
    renderReceived();
  }
  $('radio-form').addEventListener('submit', take);
  // Enter in the message box takes the message too (a new line is never part of a radiogram's text).
  $('radio-text').addEventListener('keydown', (event) => { if (event.key === 'Enter') take(event); });
  wireLanguageToggle(state, () => { renderChrome(); });
  renderChrome();
  if (!state.reviewer) { notify(t().noName, true); $('radio-take').disabled = true; document.body.dataset.ready = '1'; }
  else {
    api('GET', '/api/radio').then((data) => { state.received = data.received; renderReceived(); })
      .catch((error) => notify(String(error.message || error), true))
      .finally(() => { document.body.dataset.ready = '1'; $('radio-text').focus(); });
  }
})();
