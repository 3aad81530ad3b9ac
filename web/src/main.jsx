// main.jsx -- the web app's entry: styles, the shell's catalogue, render.
import { render } from "preact";
import "./styles.css";
import { addMessages } from "./lib/i18n.js";
import messages from "./messages.js";
import { App } from "./app.jsx";

addMessages(messages);
render(<App />, document.getElementById("app"));
