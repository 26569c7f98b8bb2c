// The SVG building blocks live in src/plot (below train and discovery); re-exported for the discovery figures.
export * from '../../plot/svg.js';
