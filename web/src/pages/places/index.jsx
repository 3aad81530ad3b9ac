// index.jsx -- placeholder of the places pages (being written).
export default function Placeholder() {
  return <section class="page"><h1>places</h1></section>;
}
