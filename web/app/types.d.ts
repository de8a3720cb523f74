// Bun imports these files as text (`with { type: 'text' }`): a CSS string for a shadow root.
declare module 'uplot/dist/uPlot.min.css' {
  const css: string;
  export default css;
}
