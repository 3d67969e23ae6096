import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { loadRuntimeConfig } from './app/runtime-config.ts';
import './styles.css';

const root = createRoot(document.getElementById('root')!);

loadRuntimeConfig().then(
  (config) =>
    root.render(
      <StrictMode>
        <App config={config} />
      </StrictMode>,
    ),
  (e: Error) => {
    // Before the language is known: all three.
    const p = document.createElement('p');
    p.setAttribute('role', 'alert');
    p.className = 'fatal';
    p.textContent = `Консоль жүктелмеді · Консоль не загрузилась · The console could not start: ${e.message}`;
    document.getElementById('root')!.replaceChildren(p);
  },
);
