import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { WorkstationsPage } from './WorkstationsPage';

const root = document.getElementById('root');
if (root) createRoot(root).render(<StrictMode><WorkstationsPage /></StrictMode>);
