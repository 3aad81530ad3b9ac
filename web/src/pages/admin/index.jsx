// index.jsx -- placeholder of the admin pages (being written).
export default function Placeholder() {
  return <section class="page"><h1>admin</h1></section>;
}
