// Bun imports these files as text (`with { type: 'text' }`), so they are embedded in the binary.
declare module 'swagger-ui-dist/swagger-ui-bundle.js' {
  const js: string;
  export default js;
}
declare module 'swagger-ui-dist/swagger-ui.css' {
  const css: string;
  export default css;
}
