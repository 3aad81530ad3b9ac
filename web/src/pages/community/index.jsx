// index.jsx -- placeholder of the community pages (being written).
export default function Placeholder() {
  return <section class="page"><h1>community</h1></section>;
}
