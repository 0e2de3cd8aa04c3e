import { describe, expect, it } from 'vitest';
import { lineChartSvg, seriesDepth, type LineChart } from '../../src/report/charts.js';

const chart: LineChart = {
  kind: 'lines', title: 'Households per block', xLabels: ['25-11 12:00', '26-11 06:00', '27-11 06:00', '28-11 12:00'],
  series: [{ name: 'AMS01', points: [0, 0, 0, 14] }, { name: 'GRO03', points: [0, 0, 0, 14] }, { name: 'UTR02', points: [null, null, null, 11] }],
};

describe('lineChartSvg', () => {
  it('leaves room for the last x label, centred on the right edge of the plot', () => {
    const svg = lineChartSvg(chart);
    const width = Number(/viewBox="0 0 (\d+)/.exec(svg)?.[1]);
    const last = /<text x="([\d.]+)"[^>]*text-anchor="middle"[^>]*>28-11 12:00<\/text>/.exec(svg);
    expect(last).not.toBeNull();
    // 11 characters at font-size 10 are about 55 px wide: half of that must fit right of the label's centre.
    expect(Number(last![1]) + 28).toBeLessThanOrEqual(width);
  });

  it('draws a site whose line lies under another wider, so both stay visible', () => {
    const widths = [...lineChartSvg(chart).matchAll(/<path d="[^"]*" fill="none" stroke="([^"]+)" stroke-width="([\d.]+)"/g)]
      .map((m) => ({ colour: m[1], width: Number(m[2]) }));
    const ams = widths.find((w) => w.colour === '#0072B2');
    const gro = widths.find((w) => w.colour === '#D55E00');
    expect(ams && gro && ams.width > gro.width).toBe(true);
  });

  it('stops widening three series deep', () => {
    expect([0, 1, 2, 3, 4, 5].map((i) => seriesDepth(i, 6))).toEqual([3, 3, 3, 2, 1, 0]);
  });
});
