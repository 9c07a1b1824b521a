// Registers the browser's locale strategy (<html lang>) before any component renders a message.
import "$lib/i18n/client-locale";
