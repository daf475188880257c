package io.sluice.monitor.connect;

import io.sluice.monitor.connect.ConnectionProfile.Format;
import io.sluice.monitor.session.Calls;
import io.sluice.monitor.session.ClusterSession;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The connect dialog's state: the fields of a {@link ConnectionProfile}, the remembered profiles,
 * and the attempt. Connecting runs off the UI thread; a success remembers the profile (never the
 * password) and hands the session on; a failure says which field or node, and why.
 */
public final class ConnectViewModel {

    /** How the message starts when a connect attempt failed. */
    public static final String FAILED = "not connected: ";

    private final Connector connector;
    private final ProfileStore store;
    private final Calls calls;
    private final Consumer<ClusterSession> onConnected;

    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty adminUrl = new SimpleStringProperty("");
    private final ObjectProperty<Format> format = new SimpleObjectProperty<>(Format.PKCS12);
    private final StringProperty certificate = new SimpleStringProperty("");
    private final StringProperty privateKey = new SimpleStringProperty("");
    private final StringProperty trust = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final ObservableList<ConnectionProfile> profiles = FXCollections.observableArrayList();
    private final BooleanProperty connecting = new SimpleBooleanProperty();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    public ConnectViewModel(Connector connector, ProfileStore store, Calls calls, Consumer<ClusterSession> onConnected) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.store = Objects.requireNonNull(store, "store");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.onConnected = Objects.requireNonNull(onConnected, "onConnected");
        profiles.setAll(store.load());
        if (store.problem() != null) {
            message.set(store.problem());
        }
        if (!profiles.isEmpty()) {
            use(profiles.getFirst());
        }
    }

    /** Fills the fields from a remembered profile (the password stays as typed). */
    public void use(ConnectionProfile p) {
        if (p == null) {
            return;
        }
        name.set(p.name());
        adminUrl.set(nullToEmpty(p.adminUrl()));
        format.set(p.format());
        certificate.set(nullToEmpty(p.certificate()));
        privateKey.set(nullToEmpty(p.privateKey()));
        trust.set(nullToEmpty(p.trust()));
    }

    /** The profile the fields describe now. */
    public ConnectionProfile profile() {
        return new ConnectionProfile(name.get().strip(), adminUrl.get().strip(), format.get(), certificate.get().strip(),
                format.get() == Format.PEM ? privateKey.get().strip() : null, trust.get().strip());
    }

    /** Tries to connect; false (with the problems in {@link #messageProperty()}) if the fields are not complete. */
    public boolean connect() {
        if (connecting.get()) {
            return false;
        }
        ConnectionProfile p = profile();
        List<String> problems = p.problems();
        if (!problems.isEmpty()) {
            message.set(String.join("\n", problems));
            return false;
        }
        char[] secret = password.get().toCharArray();
        connecting.set(true);
        message.set("connecting to " + p.adminUrl() + " …");
        calls.run(() -> {
            ClusterSession session = connector.connect(p, secret);
            try {
                return new Connected(session, store.remember(p), null);
            } catch (RuntimeException e) {
                return new Connected(session, null, Calls.describe(e));
            }
        }, done -> {
            connecting.set(false);
            password.set("");
            if (done.remembered() != null) {
                profiles.setAll(done.remembered());
            }
            message.set(done.warning() == null ? "connected as " + done.session().identity().label()
                    : "connected, but the profile was not remembered: " + done.warning());
            onConnected.accept(done.session());
        }, why -> {
            connecting.set(false);
            message.set(FAILED + why);
        });
        return true;
    }

    private record Connected(ClusterSession session, List<ConnectionProfile> remembered, String warning) {
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty adminUrlProperty() {
        return adminUrl;
    }

    public ObjectProperty<Format> formatProperty() {
        return format;
    }

    public StringProperty certificateProperty() {
        return certificate;
    }

    public StringProperty privateKeyProperty() {
        return privateKey;
    }

    public StringProperty trustProperty() {
        return trust;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public ObservableList<ConnectionProfile> profiles() {
        return profiles;
    }

    public ReadOnlyBooleanProperty connectingProperty() {
        return connecting;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
