// index.jsx -- placeholder of the today pages (being written).
export default function Placeholder() {
  return <section class="page"><h1>today</h1></section>;
}
