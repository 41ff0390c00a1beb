// The console's entry: Preact (about 4 KB gzip) renders the page; see ARCHITECTURE.md, "The pages".
import { render } from 'preact';
import { App } from './app.js';
import './console.css';

const root = document.getElementById('app') as HTMLElement;
root.textContent = '';
render(<App />, root);
