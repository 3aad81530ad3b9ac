// index.jsx -- placeholder of the calendar pages (being written).
export default function Placeholder() {
  return <section class="page"><h1>calendar</h1></section>;
}
