// index.jsx -- placeholder of the market pages (being written).
export default function Placeholder() {
  return <section class="page"><h1>market</h1></section>;
}
