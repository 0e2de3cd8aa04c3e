/**
 * The report's charts as plain data (bars and lines) and as inline SVG text. The PDF draws the same data as vector
 * graphics; neither adds numbers of its own. Hidden counts get no bar or point, only their `<5` / `x` label.
 */
export interface Bar { readonly label: string; readonly value: number | null; readonly shown: string }
export interface BarChart { readonly kind: 'bars'; readonly title: string; readonly bars: readonly Bar[] }
export interface LineSeries { readonly name: string; readonly points: readonly (number | null)[] }
export interface LineChart { readonly kind: 'lines'; readonly title: string; readonly xLabels: readonly string[]; readonly series: readonly LineSeries[] }
export type Chart = BarChart | LineChart;

/** Colour-blind-safe series colours (Okabe–Ito), readable in greyscale print too through the markers. */
export const SERIES_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];
export const BAR_COLOUR = '#b3001b';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * How many series are drawn over this one (at most 3). Line charts draw earlier series wider by this depth, so a
 * site whose line lies exactly under another's still shows as its border; deeper would hide the data.
 */
export function seriesDepth(seriesIndex: number, seriesCount: number): number {
  return Math.max(0, Math.min(3, seriesCount - 1 - seriesIndex));
}

export function niceMax(value: number): number {
  if (value <= 5) return 5;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

export function barChartSvg(chart: BarChart): string {
  const rowH = 22;
  const labelW = 210;
  const plotW = 330;
  const width = labelW + plotW + 60;
  const height = chart.bars.length * rowH + 10;
  const max = niceMax(Math.max(0, ...chart.bars.map((bar) => bar.value ?? 0)));
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeXml(chart.title)}">`];
  chart.bars.forEach((bar, index) => {
    const y = 5 + index * rowH;
    const w = bar.value === null ? 0 : (bar.value / max) * plotW;
    parts.push(`<text x="${labelW - 6}" y="${y + 15}" text-anchor="end" font-size="12">${escapeXml(bar.label)}</text>`);
    if (bar.value === null) parts.push(`<rect x="${labelW}" y="${y + 3}" width="12" height="${rowH - 6}" fill="none" stroke="#888" stroke-dasharray="2,2"/>`);
    else parts.push(`<rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${BAR_COLOUR}"/>`);
    parts.push(`<text x="${labelW + Math.max(w, bar.value === null ? 12 : 0) + 5}" y="${y + 15}" font-size="12" font-weight="bold">${escapeXml(bar.shown)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

export function lineChartSvg(chart: LineChart): string {
  const left = 40;
  const top = 10;
  const plotW = 560;
  const plotH = 180;
  const legendH = 20 * Math.ceil(chart.series.length / 4);
  // The last x label is centred on the plot's right edge: leave room for half of it ("28-11 12:00" is ~55 px).
  const width = left + plotW + 40;
  const height = top + plotH + 50 + legendH;
  const max = niceMax(Math.max(0, ...chart.series.flatMap((series) => series.points.map((point) => point ?? 0))));
  const n = chart.xLabels.length;
  const x = (index: number): number => left + (n <= 1 ? plotW / 2 : (index / (n - 1)) * plotW);
  const y = (value: number): number => top + plotH - (value / max) * plotH;
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeXml(chart.title)}">`];
  for (let step = 0; step <= 4; step++) {
    const value = (max / 4) * step;
    parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${y(value)}" y2="${y(value)}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 4}" y="${y(value) + 4}" text-anchor="end" font-size="10">${Number.isInteger(value) ? value : value.toFixed(1)}</text>`);
  }
  const every = Math.max(1, Math.ceil(n / 8));
  chart.xLabels.forEach((label, index) => {
    if (index % every === 0) parts.push(`<text x="${x(index)}" y="${top + plotH + 16}" text-anchor="middle" font-size="10">${escapeXml(label)}</text>`);
  });
  chart.series.forEach((series, seriesIndex) => {
    const colour = SERIES_COLOURS[seriesIndex % SERIES_COLOURS.length]!;
    const under = seriesDepth(seriesIndex, chart.series.length);
    const strokeWidth = 2 + 2 * under;
    const radius = 3 + under;
    let path = '';
    series.points.forEach((point, index) => {
      if (point === null) { path += ' '; return; }
      path += `${path.endsWith(' ') || path === '' ? 'M' : 'L'}${x(index).toFixed(1)},${y(point).toFixed(1)}`;
    });
    for (const segment of path.split(' ').filter(Boolean)) parts.push(`<path d="${segment}" fill="none" stroke="${colour}" stroke-width="${strokeWidth}"/>`);
    series.points.forEach((point, index) => {
      if (point !== null) parts.push(`<circle cx="${x(index).toFixed(1)}" cy="${y(point).toFixed(1)}" r="${radius}" fill="${colour}"/>`);
    });
    const lx = left + (seriesIndex % 4) * 140;
    const ly = top + plotH + 36 + Math.floor(seriesIndex / 4) * 20;
    parts.push(`<rect x="${lx}" y="${ly - 9}" width="12" height="12" fill="${colour}"/><text x="${lx + 16}" y="${ly + 1}" font-size="11">${escapeXml(series.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

export function chartSvg(chart: Chart): string {
  return chart.kind === 'bars' ? barChartSvg(chart) : lineChartSvg(chart);
}
