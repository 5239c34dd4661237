// The one setting the package README asks of a Vite project, for its dev server only: Vite's
// dependency pre-bundling moves the glue away from the .wasm its `new URL(..., import.meta.url)`
// names (vitejs/vite#8427); production builds need nothing.
export default { optimizeDeps: { exclude: ["@wild-rydes/ride-record-schema"] } };
