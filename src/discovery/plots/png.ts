// SVG to PNG lives in src/plot; re-exported for the discovery figures.
export * from '../../plot/png.js';
