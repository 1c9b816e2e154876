/**
 * Draws the Teams app icons (manifest/teams/color.png 192×192, outline.png 32×32): a speech bubble
 * with a tick, Staffroom's mark. Run after changing the design: `npx tsx scripts/teams-icons.ts`.
 * Teams' rules: the colour icon fills its square; the outline icon is white on transparent.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'manifest', 'teams');
const ACCENT = [0x1f, 0x5c, 0x99];

type Shape = (x: number, y: number) => boolean;

/** A rounded rectangle in unit coordinates (0..1). */
const roundedRect = (x0: number, y0: number, x1: number, y1: number, r: number): Shape => (x, y) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};

/** A triangle (the bubble's tail). */
const triangle = (a: number[], b: number[], c: number[]): Shape => (x, y) => {
  const s = (p: number[], q: number[]) => (x - q[0]) * (p[1] - q[1]) - (p[0] - q[0]) * (y - q[1]);
  const d1 = s(a, b), d2 = s(b, c), d3 = s(c, a);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
};

/** A thick line segment (the tick's strokes). */
const stroke = (a: number[], b: number[], w: number): Shape => (x, y) => {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const t = Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / (dx * dx + dy * dy)));
  return (x - a[0] - t * dx) ** 2 + (y - a[1] - t * dy) ** 2 <= (w / 2) ** 2;
};

const any = (...shapes: Shape[]): Shape => (x, y) => shapes.some((s) => s(x, y));

const bubble = any(roundedRect(0.14, 0.18, 0.86, 0.7, 0.12), triangle([0.28, 0.66], [0.46, 0.66], [0.26, 0.86]));
const tick = any(stroke([0.33, 0.44], [0.45, 0.56], 0.08), stroke([0.45, 0.56], [0.68, 0.32], 0.08));

/** Renders with 4×4 supersampling; `paint` gives the RGBA of a sample point. */
function render(size: number, paint: (x: number, y: number) => number[]): Buffer {
  const png = new PNG({ width: size, height: size });
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const c = paint((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size);
          acc[0] += c[0] * c[3]; acc[1] += c[1] * c[3]; acc[2] += c[2] * c[3]; acc[3] += c[3];
        }
      }
      const i = (py * size + px) * 4;
      const a = acc[3] / (n * n);
      png.data[i] = a ? Math.round(acc[0] / acc[3]) : 0;
      png.data[i + 1] = a ? Math.round(acc[1] / acc[3]) : 0;
      png.data[i + 2] = a ? Math.round(acc[2] / acc[3]) : 0;
      png.data[i + 3] = Math.round(a);
    }
  }
  return PNG.sync.write(png);
}

const color = render(192, (x, y) => (tick(x, y) ? [...ACCENT, 255] : bubble(x, y) ? [255, 255, 255, 255] : [...ACCENT, 255]));
// Outline: white, transparent background; the tick is cut out of the bubble.
const outline = render(32, (x, y) => (bubble(x, y) && !tick(x, y) ? [255, 255, 255, 255] : [255, 255, 255, 0]));

fs.mkdirSync(OUT, { recursive: true });
fs.writeFileSync(path.join(OUT, 'color.png'), color);
fs.writeFileSync(path.join(OUT, 'outline.png'), outline);
console.log(`wrote ${path.join(OUT, 'color.png')} (192×192) and outline.png (32×32)`);
