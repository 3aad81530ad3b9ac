// index.jsx -- placeholder of the chat pages (being written).
export default function Placeholder() {
  return <section class="page"><h1>chat</h1></section>;
}
