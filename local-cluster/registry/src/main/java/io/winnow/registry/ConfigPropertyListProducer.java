package io.winnow.registry;

import io.apicurio.common.apps.config.DynamicConfigPropertyList;

import java.util.ArrayList;
import javax.enterprise.inject.Produces;
import javax.inject.Singleton;

/**
 * Produces the (empty) list of dynamically configurable properties that Apicurio's
 * config-index extension would generate at build time: that extension's deployment artifact is not
 * on Maven Central. With an empty list no property can be changed at run time through the admin
 * API, which a throwaway test registry does not need.
 */
public class ConfigPropertyListProducer {

    @Produces
    @Singleton
    public DynamicConfigPropertyList dynamicConfigPropertyList() {
        return new DynamicConfigPropertyList(new ArrayList<>());
    }
}
