// Renders public/icons/icon.svg to the PNG icons the manifest and iOS ask for, in Chromium (the
// one the browser story drives): `node scripts/icons.mjs` after changing the SVG; the PNGs are
// committed. The maskable one keeps the mark inside the central 80% safe zone, on a full bleed.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const icons = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');
const svg = readFileSync(join(icons, 'icon.svg'), 'utf8');
const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;

/** @type {{ name: string, size: number, maskable?: boolean }[]} */
const outputs = [
  { name: 'icon-192.png', size: 192 },
  { name: 'icon-512.png', size: 512 },
  { name: 'icon-maskable-512.png', size: 512, maskable: true },
  { name: 'apple-touch-icon.png', size: 180, maskable: true },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage();
  for (const { name, size, maskable } of outputs) {
    await page.setViewportSize({ width: size, height: size });
    // Full bleed: the icon's own blue behind a mark shrunk to the safe zone.
    const inset = maskable ? size * 0.1 : 0;
    const background = maskable ? '#2459c9' : 'transparent';
    await page.setContent(
      `<body style="margin:0;background:${background}"><img src="${dataUrl}" style="display:block;margin:${inset}px;width:${size - 2 * inset}px;height:${size - 2 * inset}px"></body>`,
    );
    await page.screenshot({ path: join(icons, name), omitBackground: !maskable });
    console.log(`icons: ${name} (${size}×${size})`);
  }
} finally {
  await browser.close();
}
