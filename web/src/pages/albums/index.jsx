// index.jsx -- placeholder of the albums pages (being written).
export default function Placeholder() {
  return <section class="page"><h1>albums</h1></section>;
}
