package dev.aiprov.crawler.hub;

/** Time source and sleeper for backoff; injectable so tests never wait real seconds. */
public interface HubClock {
    long nowMillis();

    void sleep(long millis) throws InterruptedException;

    HubClock SYSTEM = new HubClock() {
        @Override
        public long nowMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public void sleep(long millis) throws InterruptedException {
            if (millis > 0) {
                Thread.sleep(millis);
            }
        }
    };
}
