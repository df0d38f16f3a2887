/**
 * Drawn signatures for the demo's signed receipts: a small black-on-white PNG of a scribble, as a
 * data URL like the signing screen's pad gives (renderer/features/ceremonies/SignaturePad.tsx), so
 * that printed PVs show a signature. Deterministic: the same seed draws the same scribble, and
 * zlib's output for the same bytes is the same.
 */
import { crc32, deflateSync } from 'node:zlib';
import { Dice } from './dice';

const width = 200;
const height = 64;

function chunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A 1-bit greyscale PNG of the pixels set in `ink` (row by row), as a data URL. */
function encodePng(ink: readonly boolean[]): string {
  const rowBytes = Math.ceil(width / 8);
  const raw = Buffer.alloc((rowBytes + 1) * height, 0xff);
  for (let y = 0; y < height; y++) {
    const row = y * (rowBytes + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++)
      if (ink[y * width + x] === true) raw[row + 1 + (x >> 3)] = (raw[row + 1 + (x >> 3)] ?? 0) & ~(0x80 >> (x & 7));
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, no filter, no interlace
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
  return `data:image/png;base64,${png.toString('base64')}`;
}

/**
 * A signature-like scribble: an initial, a pen moving left to right through a few loops, a
 * flourish under it, drawn with a 2-pixel nib.
 */
export function signaturePng(seed: number): string {
  const dice = new Dice(seed);
  const ink = new Array<boolean>(width * height).fill(false);
  const dot = (x: number, y: number) => {
    for (let dy = -1; dy <= 0; dy++)
      for (let dx = -1; dx <= 0; dx++) {
        const px = Math.round(x) + dx;
        const py = Math.round(y) + dy;
        if (px >= 0 && px < width && py >= 0 && py < height) ink[py * width + px] = true;
      }
  };
  const loops = dice.int(4, 7);
  const amplitude = dice.int(9, 15);
  const loopiness = 0.9 + dice.float() * 0.6;
  const drift = dice.float() * 8 - 4;
  const phase = dice.float() * Math.PI;
  const start = dice.int(12, 30);
  const span = dice.int(120, 150);
  // The initial: a tall stroke down into the loops.
  const initialTop = dice.int(4, 12);
  for (let step = 0; step <= 200; step++) {
    const t = step / 200;
    dot(start - amplitude * loopiness + 6 - t * 6, initialTop + t * (height / 2 + amplitude - initialTop - 4));
  }
  const steps = 1_500;
  for (let step = 0; step <= steps; step++) {
    const t = step / steps;
    const angle = t * loops * 2 * Math.PI + phase;
    const x = start + t * span - Math.cos(angle) * amplitude * loopiness;
    const y = height / 2 - 4 + drift * t - Math.sin(angle) * amplitude * (1 - 0.35 * t);
    dot(x, y);
  }
  // The flourish: a long, slightly curved stroke under the name.
  const lift = dice.int(4, 10);
  for (let step = 0; step <= 400; step++) {
    const t = step / 400;
    dot(start - 4 + t * (span + 20), height - 12 - Math.sin(t * Math.PI) * lift);
  }
  return encodePng(ink);
}
