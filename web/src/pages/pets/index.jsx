// index.jsx -- placeholder of the pets pages (being written).
export default function Placeholder() {
  return <section class="page"><h1>pets</h1></section>;
}
