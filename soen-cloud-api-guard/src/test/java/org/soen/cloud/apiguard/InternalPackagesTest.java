package org.soen.cloud.apiguard;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import org.junit.jupiter.api.Test;

/**
 * A module's {@code ..internal..} packages are its own: no other published module uses them, so
 * each module can change them freely, and what modules share goes through public API (design
 * section 2).
 */
class InternalPackagesTest {
  @Test
  void noModule_usesAnotherModulesInternalPackages() {
    ArchRule rule = ArchRuleDefinition.classes().should(new ArchCondition<JavaClass>(
        "use only their own module's ..internal.. packages") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        String module = PublishedClasses.moduleOf(origin);
        for (Dependency d : origin.getDirectDependenciesFromSelf()) {
          JavaClass target = d.getTargetClass().getBaseComponentType();
          if (target.getPackageName().contains(".internal") && target.getName().startsWith("org.soen.cloud.")
              && target.getSource().isPresent() && !PublishedClasses.moduleOf(target).equals(module)) {
            events.add(SimpleConditionEvent.violated(d, module + " uses " + PublishedClasses.moduleOf(target)
                + "'s internal " + target.getName() + ": " + d.getDescription()));
          }
        }
      }
    });

    rule.check(PublishedClasses.load());
  }
}
