package io.winnow.jobs;

import io.winnow.sama.Example;

/** Dense samples as the JSON lines a file replay reads (see README, "Replays"). */
final class SampleJsonLines {

    private SampleJsonLines() {}

    static String line(Example e, String task, String kind) {
        StringBuilder features = new StringBuilder();
        for (float value : e.features()) {
            features.append(features.length() == 0 ? "" : ",").append(value);
        }
        return "{\"id\":\"" + e.id() + "\",\"task\":\"" + task + "\",\"kind\":\"" + kind + "\",\"features\":[" + features
                + "],\"label\":" + e.label() + "}";
    }
}
