// index.jsx -- placeholder of the notifications pages (being written).
export default function Placeholder() {
  return <section class="page"><h1>notifications</h1></section>;
}
