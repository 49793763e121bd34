package io.winnow.benchmarks.topics;

import static io.winnow.benchmarks.topics.TopicLabelingFunction.words;

import java.util.List;

/**
 * Keyword rules for the six fortune topics, three or four per class, written from general
 * vocabulary of each topic and not tuned against the corpus labels: a realistic, noisy weak
 * supervision whose functions overlap and conflict (a "computer game", a "government scientist").
 */
public final class TopicLabelingFunctions {

    public static final int COMPUTERS = 0;
    public static final int POLITICS = 1;
    public static final int SCIENCE = 2;
    public static final int LAW = 3;
    public static final int FOOD = 4;
    public static final int SPORTS = 5;

    private TopicLabelingFunctions() {}

    public static final List<TopicLabelingFunction> ALL = List.of(
            words("computer_machines", COMPUTERS,
                    "computers?|computing|software|hardware|cpu|keyboard|mainframes?|disks?|floppy|terminals?"),
            words("computer_programming", COMPUTERS,
                    "programs?|programm(?:er|ers|ing)|bugs?|debug\\w*|compilers?|algorithms?|source code"),
            words("computer_systems", COMPUTERS,
                    "unix|linux|ms-dos|microsoft|ibm|bytes?|hack(?:er|ers|ing)|internet|e-?mail|usenet|modems?"),
            words("politics_government", POLITICS,
                    "governments?|politics|political|politicians?|bureaucra\\w*|governors?"),
            words("politics_offices", POLITICS,
                    "presidents?|presidential|congress|congressman|congressmen|senators?|senate|parliament|ministers?|mayors?"),
            words("politics_elections", POLITICS,
                    "votes?|voters?|voting|elections?|elected|democracy|democrats?|democratic|republicans?|candidates?|campaigns?"),
            words("politics_ideas", POLITICS,
                    "tax|taxes|taxation|liberty|communis[mt]s?|socialis[mt]s?|dictators?|revolutions?|liberals?|conservatives?"),
            words("science_scientists", SCIENCE,
                    "science|sciences|scientists?|scientific|physicists?|chemists?|biologists?|mathematicians?|research\\w*"),
            words("science_physics", SCIENCE,
                    "physics|atoms?|atomic|electrons?|quantum|relativity|gravity|particles?|universe|einstein|newton"),
            words("science_method", SCIENCE,
                    "theory|theories|theorems?|experiments?|experimental|hypothes[ie]s|laborator(?:y|ies)|observations?"),
            words("science_fields", SCIENCE,
                    "mathematics|math|equations?|calculus|algebra|geometry|chemistry|biology|evolution|astronom\\w*"),
            words("law_people", LAW,
                    "lawyers?|attorneys?|judges?|jury|juries|jurors?|counsel|prosecutors?|defendants?|plaintiffs?"),
            words("law_court", LAW,
                    "courts?|courtroom|trials?|sued?|lawsuits?|verdicts?|guilty|appeals?|testimony|witness(?:es)?"),
            // "Murphy's law", "the law of gravity": the eponymous laws of humour collections are not the legal kind
            words("law_legal", LAW,
                    "legal|illegal|legally|lawful|unlawful|statutes?|felony|crimes?|criminals?|justice|(?<!'s )laws?(?! of)"),
            words("food_eating", FOOD,
                    "eat|eats|eating|ate|eaten|hungry|meals?|dinner|lunch|breakfast|supper|diet|tastes?"),
            words("food_cooking", FOOD,
                    "cook|cooks|cooked|cooking|recipes?|kitchen|chefs?|restaurants?|bake[ds]?|baking|oven|menu|waiter"),
            words("food_items", FOOD,
                    "bread|cheese|meat|beef|chicken|vegetables?|fruit|eggs?|cake|pie|chocolate|butter|sugar|soup|pizza|salad"),
            words("food_drinks", FOOD,
                    "wine|beer|whiske?y|coffee|tea|vodka|martini"),
            words("sports_names", SPORTS,
                    "sports?|baseball|football|basketball|golf|golfer|tennis|hockey|soccer|boxing|ski|skiing|bowling"),
            words("sports_competition", SPORTS,
                    "teams?|games?|win|wins|won|championships?|champions?|coach(?:es)?|players?|season|league|olympics?"),
            words("sports_play", SPORTS,
                    "ball|bat|pitcher|quarterback|touchdown|home run|umpire|referee|fans|stadium|tournament|score[ds]?"));
}
